import signal

from django.core.management.base import BaseCommand

from cloudmove.core.services import jobs


class Command(BaseCommand):
    help = 'Run background jobs from the database queue.'

    def add_arguments(self, parser):
        parser.add_argument('--burst', action='store_true', help='Run the queued jobs, then stop.')
        parser.add_argument('--poll', type=float, default=None, help='Seconds between queue polls when idle.')

    def handle(self, *args, **options):
        stopping = {'now': False}

        def stop(*_):
            stopping['now'] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f'Worker {jobs.worker_name()} started.')
        self.stdout.flush()

        def report(job):
            self.stdout.write(f'job #{job.pk} {job.kind}: {job.state}')
            self.stdout.flush()

        jobs.work(burst=options['burst'], poll=options['poll'], stop=lambda: stopping['now'], on_job=report)
